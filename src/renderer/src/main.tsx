import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { TransportContext } from './api';
import { connectLive } from './live/connection';
import { countdownCount, recentTickDurations } from './ticker';
import { pickTransport } from './transport/index';
import { App } from './App';
import '@fontsource-variable/inter/wght.css';
import './styles/wallboard.css';

const transport = pickTransport();
const client = new QueryClient({ defaultOptions: { queries: { refetchOnWindowFocus: false } } });
connectLive(transport, client);
// Read by the benchmarks (countdown cost); nothing but numbers.
Object.defineProperty(window, 'watchfloorMetrics', { value: { tickDurations: recentTickDurations, countdowns: countdownCount } });

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <TransportContext.Provider value={transport}>
      <QueryClientProvider client={client}>
        <App />
      </QueryClientProvider>
    </TransportContext.Provider>
  </StrictMode>,
);
