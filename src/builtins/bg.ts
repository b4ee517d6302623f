export { bgBuiltin } from './fg.js';
