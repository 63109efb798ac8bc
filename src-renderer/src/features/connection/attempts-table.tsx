/** Failed connection attempts, one row each: when, which broker, why. */
import type { ConnectionView } from '../../../../src-core/api';
import { formatTime } from '../../lib/format';

export function AttemptsTable({ attempts }: { attempts: ConnectionView['attempts'] }) {
  return (
    <table className="attempts" aria-label="Failed attempts">
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">Time</th>
          <th scope="col">Broker</th>
          <th scope="col">Reason</th>
        </tr>
      </thead>
      <tbody>
        {attempts.map((a, i) => (
          <tr key={i}>
            <td>{a.attempt}</td>
            <td className="mono">{a.at !== undefined ? formatTime(a.at) : '—'}</td>
            <td className="mono">{a.broker}</td>
            <td>{a.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
