export * from './schema';
export { mergeSettings } from './merge';
