export default function Page() {
  return <h1>Port</h1>;
}
