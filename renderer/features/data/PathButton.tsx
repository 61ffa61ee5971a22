// A file path from the dataset doctor or the skipped-file list, as a button that opens the file.

type Props = Readonly<{ path: string; onOpen(path: string): void }>

export function PathButton({ path, onOpen }: Props) {
  return (
    <button type="button" className="path-button" data-testid="doctor-path" data-path={path} title={`Show ${path}`}
      onClick={() => onOpen(path)}>
      {path}
    </button>
  )
}
