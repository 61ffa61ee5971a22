// Sizes libuv's thread pool to the machine before anything uses it. The pool (4 threads unless
// UV_THREADPOOL_SIZE says otherwise) runs sharp's decodes and every file read, so with the default an import on
// a 16-core machine would decode on 4. Imported first by each host entry; an explicit setting wins.

import { availableParallelism } from 'node:os'

process.env.UV_THREADPOOL_SIZE ??= String(Math.max(4, availableParallelism()))
