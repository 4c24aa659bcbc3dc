export default function Page() {
  return <h1>Referral</h1>;
}
