// A labelled figure ("IMAGE SIZE 32×32×3", "EPOCH 2 of 4"): small caps label over a tabular number.

type Props = Readonly<{ label: string; value: string; testId?: string }>

export function Stat({ label, value, testId }: Props) {
  return (
    <div className="stat">
      <span className="stat-label">{label}</span>
      <span className="stat-value" data-testid={testId}>
        {value}
      </span>
    </div>
  )
}
