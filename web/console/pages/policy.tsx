export default function Page() {
  return <h1>Policy</h1>;
}
