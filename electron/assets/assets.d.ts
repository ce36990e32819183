/** Vite inlines an image imported with `?inline` as a data URL string, so main's bundle carries it (one file ships). */
declare module '*.png?inline' {
  const dataUrl: string;
  export default dataUrl;
}
