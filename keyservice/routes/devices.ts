/** Devices (admins only) and a device's view of itself. */
import { z } from 'zod';
import { DEVICE_LIST_COLUMNS, type DeviceRow } from '../db.js';
import { notFound } from '../http-error.js';
import { listAnswer, parseBooleanParam, parseListParams } from '../lists.js';
import { newId } from '../secrets.js';
import { deviceStatus, deviceWire } from '../serialize.js';
import { createKey, labelSchema, parseBody } from './keys.js';
import { deviceOf, paramOf, type RouteContext, type RouteSpec } from './route.js';

const createDeviceBody = z.object({ label: labelSchema, type: z.string().trim().min(1).max(64) });
const putDeviceBody = z.object({ disabled: z.boolean() });

const keyBody = {
  label: { type: 'string', required: true, description: 'up to 256 characters' },
  expires_at: { type: 'string', required: true, description: 'ISO 8601, in the future' },
} as const;

function existingDevice(context: RouteContext, name = 'id'): DeviceRow {
  const device = context.state.db.device(paramOf(context, name));
  if (!device) throw notFound('Device not found.');
  return device;
}

export const deviceRoutes: readonly RouteSpec[] = [
  {
    method: 'GET',
    path: '/api/devices',
    access: 'admin',
    tag: 'devices',
    list: true,
    summary: 'List devices; with join_keys=true each device carries api_keys metadata [assumed]',
    handle: (context) => {
      const params = parseListParams(context.request, DEVICE_LIST_COLUMNS);
      const { db } = context.state;
      const { total, rows } = db.listDevices(params.query);
      const keys = params.joinKeys
        ? db.keysOfMany(
            'device',
            rows.map((row) => row.id),
          )
        : null;
      const results = rows.map((row) => deviceWire(row, keys ? (keys.get(row.id) ?? []) : undefined));
      return listAnswer(params.paginated, total, results);
    },
  },
  {
    method: 'POST',
    path: '/api/devices',
    access: 'admin',
    tag: 'devices',
    body: {
      label: { type: 'string', required: true, description: 'up to 256 characters' },
      type: { type: 'string', required: true, description: 'e.g. reaper, importer' },
    },
    summary: 'Register a device',
    handle: (context) => {
      const input = parseBody(createDeviceBody, context.request.body);
      const now = context.state.now().toISOString();
      const row: DeviceRow = {
        id: newId(),
        label: input.label,
        type: input.type,
        version: null,
        name: null,
        errors: '[]',
        info: '{}',
        interval: null,
        last_seen: null,
        disabled: 0,
        created: now,
        modified: now,
      };
      context.state.db.insertDevice(row);
      return deviceWire(row);
    },
  },
  {
    method: 'GET',
    path: '/api/devices/status',
    access: 'admin',
    tag: 'devices',
    summary: 'Health of every device: ok, missing, error or unknown',
    handle: (context) => {
      const now = context.state.now();
      const answer: Record<string, { last_seen: string | null; status: string; errors: unknown[] }> = {};
      for (const row of context.state.db.allDevices()) {
        answer[row.id] = {
          last_seen: row.last_seen,
          status: deviceStatus(row, now),
          errors: JSON.parse(row.errors) as unknown[],
        };
      }
      return answer;
    },
  },
  {
    method: 'GET',
    path: '/api/devices/self',
    access: 'device',
    tag: 'devices',
    summary: 'The device whose key makes the call',
    handle: (context) => deviceWire(deviceOf(context).device),
  },
  {
    method: 'GET',
    path: '/api/devices/:id',
    access: 'admin',
    tag: 'devices',
    joinKeys: true,
    summary: 'One device',
    handle: (context) => {
      const device = existingDevice(context);
      const joinKeys = parseBooleanParam((context.request.query ?? {}) as Record<string, unknown>, 'join_keys');
      return deviceWire(device, joinKeys ? context.state.db.keysOf('device', device.id) : undefined);
    },
  },
  {
    method: 'PUT',
    path: '/api/devices/:id',
    access: 'admin',
    tag: 'devices',
    body: { disabled: { type: 'boolean', required: true } },
    summary: 'Disable or enable a device; its keys are kept but rejected (401) while disabled',
    handle: (context) => {
      const input = parseBody(putDeviceBody, context.request.body);
      const device = existingDevice(context);
      const { db, now } = context.state;
      db.setDeviceDisabled(device.id, input.disabled, now().toISOString());
      const updated = db.device(device.id);
      if (!updated) throw notFound('Device not found.');
      return deviceWire(updated);
    },
  },
  {
    method: 'DELETE',
    path: '/api/devices/:id',
    access: 'admin',
    tag: 'devices',
    summary: 'Delete a device and its keys',
    handle: (context) => {
      if (!context.state.db.deleteDevice(paramOf(context, 'id'))) throw notFound('Device not found.');
      return undefined;
    },
  },
  {
    method: 'POST',
    path: '/api/devices/:id/key',
    access: 'admin',
    tag: 'devices',
    body: keyBody,
    summary: 'Create a key for a device; the secret is in the answer once',
    handle: (context) => createKey(context.state, 'device', existingDevice(context).id, context.request.body),
  },
  {
    method: 'DELETE',
    path: '/api/devices/:id/key/:key_id',
    access: 'admin',
    tag: 'devices',
    summary: 'Delete a key of a device',
    handle: (context) => {
      const device = existingDevice(context);
      const key = context.state.db.key(paramOf(context, 'key_id'));
      if (!key || key.origin_type !== 'device' || key.origin_id !== device.id) throw notFound('API key not found.');
      context.state.db.deleteKey(key.id);
      return undefined;
    },
  },
];
