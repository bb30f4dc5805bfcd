/**
 * Preload (sandboxed; bundled into one file by scripts/build-electron.mjs).
 * Exposes the host contract as `window.brokerlab` and nothing else.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_KEY } from '../engine/host/contract.ts';
import { createBridge } from './bridge.ts';

contextBridge.exposeInMainWorld(BRIDGE_KEY, createBridge(ipcRenderer));
