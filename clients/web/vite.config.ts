// The dashboard builds to dist/ (or $GLASSBOX_WEB_OUT), a folder of static
// files glassboxd serves at /: no file is fetched from elsewhere at run time.
import { defineConfig } from 'vite';

export default defineConfig({
  base: './',
  build: {
    outDir: process.env.GLASSBOX_WEB_OUT ?? 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1024,
  },
});
