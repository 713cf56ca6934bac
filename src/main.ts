import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { registerOfflineSupport } from './state/offline';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

// index.html holds a static shell so something useful paints before the JavaScript has run; the app replaces it.
target.replaceChildren();
export default mount(App, { target });

registerOfflineSupport();
