// Where CLI and serve mode keep a project (dataset caches, runs) when no --project is given:
// $CNN_STUDIO_HOME/projects/default, or ~/.cnn-studio/projects/default.

import { homedir } from 'node:os'
import { join } from 'node:path'

export function defaultProjectDir(environment: NodeJS.ProcessEnv = process.env): string {
  const home = environment.CNN_STUDIO_HOME || join(homedir(), '.cnn-studio')
  return join(home, 'projects', 'default')
}
