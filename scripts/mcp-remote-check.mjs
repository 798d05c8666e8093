// Drives the mcp-remote npm bridge over stdio as Claude Desktop would (initialize, tools/list,
// a search) against a running server's /mcp, to check the bridge snippet of docs/integrations.md.
// Usage: ./rag demo & (cd "$(mktemp -d)" && npm install mcp-remote@0.1.49 &&
//        node /path/to/rag/scripts/mcp-remote-check.mjs [URL [COLLECTION [MCP-REMOTE ARGS...]]])
// (default http://127.0.0.1:8080/mcp and demo; e.g. --header 'Authorization:Bearer ${RAG_KEY}'
// with RAG_KEY set). McpRemoteBridgeTest runs it in ./rag test when node is installed.
import { spawn } from 'node:child_process';
const url = process.argv[2] ?? 'http://127.0.0.1:8080/mcp';
const collection = process.argv[3] ?? 'demo';
const p = spawn('node_modules/.bin/mcp-remote', [url, ...process.argv.slice(4)], { stdio: ['pipe', 'pipe', 'inherit'] });
let buf = '';
const pending = new Map();
p.stdout.on('data', d => {
  buf += d;
  let i;
  while ((i = buf.indexOf('\n')) >= 0) {
    const line = buf.slice(0, i); buf = buf.slice(i + 1);
    if (!line.trim()) continue;
    const msg = JSON.parse(line);
    if (msg.id && pending.has(msg.id)) { pending.get(msg.id)(msg); pending.delete(msg.id); }
  }
});
let next = 1;
const call = (method, params) => new Promise(res => { const id = next++; pending.set(id, res); p.stdin.write(JSON.stringify({ jsonrpc: '2.0', id, method, params }) + '\n'); });
const timer = setTimeout(() => { console.log('TIMEOUT'); process.exit(2); }, 90000);
const init = await call('initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'drive', version: '1' } });
console.log('server:', JSON.stringify(init.result.serverInfo));
p.stdin.write(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) + '\n');
const tools = await call('tools/list', {});
console.log('tools:', tools.result.tools.map(t => t.name).join(','));
const hit = await call('tools/call', { name: 'search', arguments: { collection, query: 'spring tides', top_k: 1 } });
console.log('search:', hit.result.content[0].text.split('\n').slice(0, 3).join(' | '));
clearTimeout(timer); p.kill(); process.exit(0);
