/** electron-vite's `?asset` imports: the file is copied into the bundle, the import is its path. */
declare module '*?asset' {
  const path: string;
  export default path;
}
