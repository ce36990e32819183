import { describe, expect, it } from 'vitest';
import { siteFeaturesFromOpenApi } from '../../../shared/site-features.js';

const op = (parameters: string[] = []) => ({ parameters: parameters.map((name) => ({ name, in: 'query' })) });

describe('siteFeaturesFromOpenApi', () => {
  it('reads every feature from a full document', () => {
    const doc = {
      openapi: '3.0.3',
      paths: {
        '/devices': { get: op(['join_keys']), post: op() },
        '/devices/status': { get: op() },
        '/devices/{id}/key': { post: op() },
        '/users': { get: op(['limit', 'join_keys']) },
        '/users/self/key': { post: op() },
      },
    };
    expect(siteFeaturesFromOpenApi(doc)).toEqual({
      deviceRegistry: true,
      deviceHealth: true,
      deviceKeys: true,
      ownKeys: true,
      allUserKeys: true,
    });
  });

  it('says what a site without the key service extensions lacks', () => {
    const doc = { paths: { '/api/users': { get: op(['limit']) }, '/api/users/self/key': { post: op() } } };
    expect(siteFeaturesFromOpenApi(doc)).toEqual({
      deviceRegistry: false,
      deviceHealth: false,
      deviceKeys: false,
      ownKeys: true,
      allUserKeys: false,
    });
  });

  it('gives null for something that is not an OpenAPI document', () => {
    expect(siteFeaturesFromOpenApi(null)).toBeNull();
    expect(siteFeaturesFromOpenApi({ swagger: '2.0' })).toBeNull();
    expect(siteFeaturesFromOpenApi({ paths: 'nope' })).toBeNull();
  });
});
