// Types for the part of oidc-provider (which ships none) that targets/peer-server.mjs uses.
declare module 'oidc-provider' {
  import type { IncomingMessage, Server, ServerResponse } from 'node:http';

  interface Client {
    clientId: string;
  }

  interface Grant {
    addOIDCScope(scope: string): void;
    save(): Promise<string>;
  }

  interface AuthorizationCode {
    save(): Promise<string>;
  }

  export class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    listen(port: number, host: string): Server;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    Client: { find(id: string): Promise<Client | undefined> };
    Grant: new (fields: { accountId: string; clientId: string }) => Grant;
    AuthorizationCode: new (fields: Record<string, unknown>) => AuthorizationCode;
  }
}

declare module 'oidc-provider/lib/adapters/memory_adapter.js' {
  export default class MemoryAdapter {
    constructor(model: string, store?: unknown);
  }
}

declare module 'oidc-provider/lib/helpers/lru.js' {
  export default class LRU {
    constructor(options: { maxSize: number });
  }
}
