export function App() {
  return (
    <main>
      <h1>STOMP Explorer</h1>
      <p>Browse queues, send and acknowledge messages, and debug producers on STOMP brokers.</p>
    </main>
  );
}
