export default function Page() {
  return <h1>Reports</h1>;
}
