import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('stompExplorer', { apiVersion: 1 });
