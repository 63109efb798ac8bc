import { StrictMode } from 'react';
import { z } from 'zod';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import './styles/theme.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/features.css';
import './styles/trust.css';
import './features/wire/wire.css';

// The CSP forbids eval; zod would otherwise probe for it (and the probe logs a CSP report).
z.config({ jitless: true });

const root = document.getElementById('root');
if (!root) throw new Error('STOMP Explorer: #root element missing from index.html');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
