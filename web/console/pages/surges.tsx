export default function Page() {
  return <h1>Surge operations</h1>;
}
