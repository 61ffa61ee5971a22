// Run ids a person can read and sort: "run-20250114-093015-042" (local time, to the millisecond).
// They only have to be unique per machine; the trainer checks their characters.

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0')
}

export function makeRunId(date: Date): string {
  const day = `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}`
  const time = `${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`
  return `run-${day}-${time}-${pad(date.getMilliseconds(), 3)}`
}
