export default function Page() {
  return <h1>Compliance</h1>;
}
