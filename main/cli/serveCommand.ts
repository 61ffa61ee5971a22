// `cnn-studio serve`: the studio in a browser. Binds 127.0.0.1 unless --host says otherwise, prints a URL
// with a fresh access token, and runs until Ctrl+C.

import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { nodeTrainerFork } from '../nodeTrainerFork'
import { defaultProjectDir } from '../projectDir'
import { createAccessToken } from '../serve/accessToken'
import { startServeServer } from '../serve/serveServer'
import { uploadFolderPath } from '../serve/uploadStore'
import { StudioService } from '../services/studioService'
import { TrainerHost } from '../trainerHost'
import { CliError } from './cliError'
import { integerFlag, parseFlags, stringFlag } from './flags'

export const SERVE_USAGE = `cnn-studio serve [--host H] [--port N] [--project DIR]
  --host H         address to listen on                    (default 127.0.0.1; 0.0.0.0 exposes it to your network)
  --port N         port, 0 picks a free one                (default 4729)
  --project DIR    project folder for datasets and runs    (default ~/.cnn-studio/projects/default)`

const FLAGS = { host: { type: 'string' }, port: { type: 'string' }, project: { type: 'string' } } as const

export type ServePaths = Readonly<{ trainerScript: string; rendererDir: string; appVersion: string }>

export async function serveCommand(args: readonly string[], paths: ServePaths): Promise<number> {
  const flags = parseFlags(args, FLAGS, 'serve')
  const host = stringFlag(flags.host) ?? '127.0.0.1'
  if (!/^[A-Za-z0-9.:-]{1,253}$/.test(host)) {
    throw new CliError(`--host: got '${host}', expected an IP address or host name such as 127.0.0.1`)
  }
  const port = integerFlag(flags.port, 'port', 4729, 0, 65_535)
  const projectDir = resolve(stringFlag(flags.project) ?? defaultProjectDir())
  await readFile(resolve(paths.rendererDir, 'index.html')).catch(() => {
    throw new CliError(`serve: the renderer is not built (${paths.rendererDir}); run 'npm run build:node' first`, 1)
  })
  const trainerHost = new TrainerHost(nodeTrainerFork(paths.trainerScript, projectDir))
  const service = new StudioService({
    projectDir,
    host: 'serve',
    trainerHost,
    appVersion: paths.appVersion,
    resolveUpload: (uploadId) => uploadFolderPath(projectDir, uploadId),
  })
  let server
  try {
    server = await startServeServer({
      host,
      port,
      token: createAccessToken(),
      rendererDir: paths.rendererDir,
      service,
      trainerHost,
      projectDir, // folders dropped in the browser are uploaded to <project>/uploads
    })
  } catch (error) {
    throw new CliError(`serve: cannot listen on ${host}:${port}: ${(error as Error).message}`, 1)
  }
  process.stdout.write(`CNN Studio is being served at ${server.url}\nproject: ${projectDir}\nPress Ctrl+C to stop.\n`)
  await new Promise<void>((resolveStop) => {
    const stop = (): void => resolveStop()
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
  await server.close()
  await service.dispose()
  trainerHost.dispose()
  return 0
}
