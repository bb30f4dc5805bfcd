import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './styles/theme.css';
import './styles/controls.css';
import './styles/layout.css';
import './styles/graph.css';
import './styles/edges.css';
import './styles/panels.css';
import './styles/policies.css';
import './styles/users.css';
import './styles/dialogs.css';
import { Root } from './app/root.tsx';

const saved = localStorage.getItem('brokerlab.theme');
const dark = saved === 'dark' || (saved !== 'light' && window.matchMedia('(prefers-color-scheme: dark)').matches);
document.documentElement.setAttribute('data-theme', dark ? 'dark' : 'light');

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
