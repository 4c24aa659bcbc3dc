export default function Page() {
  return <h1>Surge operation</h1>;
}
