import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import './styles/theme.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/features.css';

const root = document.getElementById('root');
if (!root) throw new Error('STOMP Explorer: #root element missing from index.html');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
