// One source file in the file panel: the original as the browser shows it (when it can), beside the cached
// image the network gets, with its class, split, size on disk and why it was skipped, if it was.

import { useEffect, useState } from 'react'
import type {
  DatasetImagePage,
  DatasetSummary,
  SourceFileView as SourceFile,
} from '../../../app/protocol/studioApi'
import { useStudio } from '../../shell/StudioContext'
import { errorMessage } from '../../shared/errorText'
import { formatCount } from '../../shared/format'
import { paintOneImage } from './drawThumbnails'
import { PixelCanvas } from './PixelCanvas'
import { splitName } from './splitNames'

type Loaded = Readonly<{ file: SourceFile; cached: DatasetImagePage | null; url: string | null }>

type Props = Readonly<{ dataset: DatasetSummary; path: string }>

export function SourceFileView({ dataset, path }: Props) {
  const { client } = useStudio()
  const [loaded, setLoaded] = useState<Loaded | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [naturalSize, setNaturalSize] = useState<string | null>(null)

  useEffect(() => {
    let url: string | null = null
    let isCurrent = true
    setLoaded(null)
    setError(null)
    ;(async () => {
      const file = await client.invoke('datasets:sourceFile', { datasetId: dataset.id, path })
      const cached = file.index >= 0
        ? await client.invoke('datasets:images', { datasetId: dataset.id, label: null, offset: file.index, limit: 1 })
        : null
      if (isCurrent) {
        url = file.bytes !== null && file.mimeType !== null
          ? URL.createObjectURL(new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: file.mimeType }))
          : null
        setLoaded({ file, cached, url })
      }
    })().catch((reason: unknown) => isCurrent && setError(errorMessage(reason).replace(/^datasets:\w+: /, '')))
    return () => {
      isCurrent = false
      if (url !== null) {
        URL.revokeObjectURL(url)
      }
    }
  }, [client, dataset.id, path])

  if (error !== null) {
    return (
      <figure className="source-file" data-testid="source-file">
        <p className="note note-danger small">Could not read {path}: {error}</p>
      </figure>
    )
  }
  if (loaded === null) {
    return <figure className="source-file muted" aria-busy="true">Loading {path}…</figure>
  }
  const { file, cached, url } = loaded
  const shape = cached?.imageShape
  const painted = cached !== null && shape !== undefined && cached.indices.length === 1
    ? paintOneImage(cached.pixels, shape)
    : null
  return (
    <figure className="source-file" data-testid="source-file" data-path={file.path}>
      <div className="source-file-pictures">
        <span className="source-file-picture">
          {url !== null ? (
            <img className="source-file-image" src={url} alt={`The original file ${file.path}`}
              data-testid="source-file-image"
              onLoad={({ currentTarget: image }) => setNaturalSize(`${image.naturalWidth}×${image.naturalHeight}`)} />
          ) : (
            <span className="muted small source-file-missing">A browser cannot show this file type.</span>
          )}
          <span className="muted small">the file{naturalSize !== null && `, ${naturalSize}`}</span>
        </span>
        {painted !== null && shape !== undefined && (
          <span className="source-file-picture">
            <PixelCanvas width={painted.width} height={painted.height} rgba={painted.pixels} displaySize={80}
              label={`The cached ${shape.width}×${shape.height} image`} />
            <span className="muted small">cached {shape.width}×{shape.height}</span>
          </span>
        )}
      </div>
      <figcaption className="small">
        <code className="source-file-path" title={file.absolutePath}>{file.path}</code>
        <span className="muted">{formatCount(file.byteLength)} bytes</span>
        {cached !== null && cached.indices.length === 1 && (
          <span>
            class <strong>{dataset.classNames[cached.labels[0]]}</strong>, {splitName(cached.splits[0])} split
          </span>
        )}
        {file.problem !== null && <span className="source-file-problem">Skipped: {file.problem}</span>}
      </figcaption>
    </figure>
  )
}
