// The one place errors are shown: requests that failed, trainer errors, a trainer that exited, protocol
// problems. Each message can be dismissed; repeats are counted instead of stacked.

import type { ErrorEntry } from './errorLog'

type Props = Readonly<{ errors: readonly ErrorEntry[]; onDismiss(id: number): void; onDismissAll(): void }>

export function ErrorBanner({ errors, onDismiss, onDismissAll }: Props) {
  if (errors.length === 0) {
    return null
  }
  return (
    <div className="banner banner-error" role="alert" data-testid="error-banner">
      <ul className="banner-list">
        {errors.map((entry) => (
          <li key={entry.id} className="banner-item">
            <span className="banner-message" data-testid="error-message">
              {entry.message}
              {entry.repeats > 1 && <span className="banner-repeats"> ×{entry.repeats}</span>}
            </span>
            <button
              type="button"
              className="button-quiet"
              onClick={() => onDismiss(entry.id)}
              aria-label="Dismiss"
            >
              ✕
            </button>
          </li>
        ))}
      </ul>
      {errors.length > 1 && (
        <button type="button" className="button-quiet banner-clear" onClick={onDismissAll}>
          Dismiss all
        </button>
      )}
    </div>
  )
}
