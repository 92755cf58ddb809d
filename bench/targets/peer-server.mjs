// @ts-check
// Peer server: node-oidc-provider (in-memory adapter) with one client_credentials client and introspection.
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
    introspection: { enabled: true, allowedPolicy: async () => true },
    devInteractions: { enabled: false },
  },
  ttl: { ClientCredentials: 3600 },
});

provider.listen(port, '127.0.0.1');
