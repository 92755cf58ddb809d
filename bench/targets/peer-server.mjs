// @ts-check
// Peer server: node-oidc-provider (in-memory adapter, opaque access tokens) with one client_credentials client.
import { Provider } from 'oidc-provider';

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: String(process.env.PEER_CLIENT_ID),
      client_secret: String(process.env.PEER_CLIENT_SECRET),
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  features: {
    clientCredentials: { enabled: true },
    // Policy set explicitly: the default one warns; any authenticated client may introspect.
    introspection: { enabled: true, allowedPolicy: async () => true },
    devInteractions: { enabled: false },
  },
  // 1 h like guildgate's access tokens (set explicitly: the default function warns).
  ttl: { ClientCredentials: 3600 },
});

provider.listen(port, '127.0.0.1');
