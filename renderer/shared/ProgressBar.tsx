// A thin bar that fills with a fraction, or slides while the total is unknown (fraction null). Only the bar:
// the words and buttons around it belong to whoever shows the progress.

type Props = Readonly<{ fraction: number | null; label: string }>

export function ProgressBar({ fraction, label }: Props) {
  const percent = fraction === null ? null : Math.round(Math.min(1, Math.max(0, fraction)) * 100)
  return (
    <div
      className={percent === null ? 'progress-bar progress-indeterminate' : 'progress-bar'}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent ?? undefined}
    >
      <div style={percent === null ? undefined : { width: `${percent}%` }} />
    </div>
  )
}
