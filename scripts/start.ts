/** `npm start`: builds and starts the desktop app, or explains why it cannot start here. */
import { startDesktopApp } from './desktop.js';

const code = startDesktopApp();
if (code !== 0) process.exit(code);
