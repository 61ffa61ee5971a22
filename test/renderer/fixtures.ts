// Small, valid host answers shared by the renderer tests.

export function sampleSummary() {
  return {
    id: 'sample-shapes',
    dataRef: { kind: 'sample', name: 'shapes' },
    name: 'Shapes',
    source: 'built-in',
    classNames: ['circle', 'square'],
    imageShape: { height: 2, width: 3, channels: 1 },
    splits: { train: 8, validation: 2, test: 2 },
    examples: [
      { className: 'circle', count: 6, images: [new Uint8Array(6), new Uint8Array(6)] },
      { className: 'square', count: 6, images: [] as Uint8Array[] },
    ],
    problems: [{ path: 'x/broken.png', reason: 'not an image' }],
  }
}

export const APP_INFO = {
  name: 'CNN Studio',
  version: '0.1.0',
  host: 'serve',
  apiVersion: 1,
  trainerProtocolVersion: 1,
  canOpenFolderPaths: true,
} as const
