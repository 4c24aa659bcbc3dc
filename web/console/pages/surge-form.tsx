export default function Page() {
  return <h1>Schedule a surge operation</h1>;
}
