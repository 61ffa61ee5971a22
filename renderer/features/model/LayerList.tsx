// The network as a table: layer number, what it is, the size of what comes out, how many weights it
// learns, and — in red — why a layer is impossible. The total is the model's parameter count.

import { formatShape } from '../../../app/model/shapeInference'
import type { NetworkSummary } from '../../../app/model/shapeInference'
import { formatCount } from '../../shared/format'

export function LayerList({ summary }: Readonly<{ summary: NetworkSummary }>) {
  return (
    <table className="table layer-table" data-testid="layer-list">
      <thead>
        <tr>
          <th className="numeric">#</th>
          <th>Layer</th>
          <th className="numeric">Output (H×W×C)</th>
          <th className="numeric">Parameters</th>
        </tr>
      </thead>
      <tbody>
        <tr className="layer-input">
          <td className="numeric muted">–</td>
          <td>input image</td>
          <td className="numeric mono">{formatShape(summary.inputShape)}</td>
          <td className="numeric muted">–</td>
        </tr>
        {summary.layers.map((layer) => (
          <tr
            key={layer.index}
            data-testid="layer-row"
            data-kind={layer.kind}
            className={layer.error === null ? undefined : 'layer-invalid'}
          >
            <td className="numeric muted">{layer.index + 1}</td>
            <td>
              {layer.label}
              {layer.error !== null && (
                <div className="layer-error" data-testid="layer-error" role="alert">
                  {layer.error}
                </div>
              )}
            </td>
            <td className="numeric mono" data-testid="layer-output">
              {layer.outputShape === null ? '?' : formatShape(layer.outputShape)}
            </td>
            <td className="numeric mono">{layer.parameters === 0 ? '–' : formatCount(layer.parameters)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <td />
          <td colSpan={2}>Total learnable parameters</td>
          <td className="numeric mono" data-testid="total-params" data-value={summary.totalParameters}>
            {formatCount(summary.totalParameters)}
          </td>
        </tr>
      </tfoot>
    </table>
  )
}
