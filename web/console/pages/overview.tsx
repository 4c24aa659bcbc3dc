export default function Page() {
  return <h1>National overview</h1>;
}
