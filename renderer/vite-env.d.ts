// Vite's client types (CSS imports, import.meta.env) for the renderer; tsconfig.web.json sets "types": [].
/// <reference types="vite/client" />
