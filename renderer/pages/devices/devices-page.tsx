import { STATE_ONLY_SCOPE, deviceScope, useSiteInventory } from '../../api/inventory.js';
import { useCallback, useMemo, useState } from 'react';
import { Alert, Box, Button, InputAdornment, Stack, TextField, Typography } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import SearchIcon from '@mui/icons-material/Search';
import type { DeviceRecord } from '../../../shared/inventory.js';
import { keysOfOwner } from '../../../shared/inventory-stats.js';
import { DataStatus } from '../../components/data-status.js';
import { NewKeyDialog } from '../../components/keys/new-key-dialog.js';
import type { NavigateOptions } from '../../navigation/navigation.js';
import { DeviceView } from './device-view.js';
import { DevicesTable } from './devices-table.js';
import { RegisterDeviceDialog } from './register-device-dialog.js';
import { LoadingLine } from '../../components/load-state.js';

export interface DevicesPageProps {
  /** For tests only: jsdom has no layout, so the grid must render every row. */
  readonly disableVirtualization?: boolean;
  /** The open device (the page's address, a notification's target); the grid of all devices without it. */
  readonly deviceId?: string;
  /** With `deviceId`: the key to highlight in the device's keys. */
  readonly highlightKeyId?: string;
  /**
   * Opens a device (null: back to the grid) by giving the page a new address, so that the browser's back button
   * returns to the grid. Without it (a page tested alone), the page keeps the open device itself.
   */
  readonly onOpenDevice?: (deviceId: string | null, options?: NavigateOptions) => void;
}

/** The devices of the active site in one grid; a device opens in a view of its own inside this page. */
export function DevicesPage({ disableVirtualization, deviceId, highlightKeyId, onOpenDevice }: DevicesPageProps = {}) {
  const [ownSelectedId, setOwnSelectedId] = useState<string | null>(deviceId ?? null);
  const selectedId = onOpenDevice ? (deviceId ?? null) : ownSelectedId;
  // An opened device's record and keys, or for the grid no record at all: main summarises each device's keys in its
  // row, so no key crosses for the grid (issue 12).
  const { query, refresh, view, inventory, readOnly } = useSiteInventory(
    selectedId === null ? STATE_ONLY_SCOPE : deviceScope(selectedId),
  );
  const setSelectedId = useCallback(
    (id: string | null, options?: NavigateOptions) => (onOpenDevice ? onOpenDevice(id, options) : setOwnSelectedId(id)),
    [onOpenDevice],
  );
  const [search, setSearch] = useState('');
  const [registering, setRegistering] = useState(false);
  const [firstKeyFor, setFirstKeyFor] = useState<DeviceRecord | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const selected = selectedId ? (inventory?.devices.find((d) => d.id === selectedId) ?? null) : null;
  const selectedKeys = useMemo(
    () => (inventory && selectedId ? keysOfOwner(inventory.keys, 'device', selectedId) : []),
    [inventory, selectedId],
  );
  const open = useCallback(
    (id: string) => {
      setNotice(null);
      setSelectedId(id);
    },
    [setSelectedId],
  );

  const bar = <DataStatus view={view} refresh={refresh} />;

  if (selected) {
    return (
      <Stack spacing={2}>
        {bar}
        <DeviceView
          key={selected.id}
          device={selected}
          keys={selectedKeys}
          readOnly={readOnly}
          highlightKeyId={selected.id === deviceId ? highlightKeyId : undefined}
          onBack={() => setSelectedId(null)}
          onDeleted={(device) => {
            // Back would lead to a device that is gone: the grid takes its place in the history.
            setSelectedId(null, { replace: true });
            setNotice(`${device.label} is deleted.`);
          }}
        />
      </Stack>
    );
  }

  return (
    <Stack spacing={2}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, flexWrap: 'wrap' }}>
        <Typography variant="h4" component="h1" sx={{ flexGrow: 1 }}>
          Devices
        </Typography>
        <Button
          variant="contained"
          startIcon={<AddIcon aria-hidden />}
          onClick={() => setRegistering(true)}
          disabled={readOnly || !inventory}
        >
          Register device
        </Button>
      </Box>
      {bar}
      {notice && (
        <Alert severity="success" role="status" onClose={() => setNotice(null)}>
          {notice}
        </Alert>
      )}
      {selectedId !== null && inventory && (
        <Alert severity="info" onClose={() => setSelectedId(null, { replace: true })}>
          The device you opened is no longer on the site.
        </Alert>
      )}
      {query.isError && <Alert severity="error">{query.error.message}</Alert>}
      {query.isPending && <LoadingLine text="Loading the inventory…" />}
      {inventory && (
        <>
          <TextField
            label="Search devices"
            type="search"
            size="small"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            helperText="Label, type, health, location, modality or a date the grid shows"
            sx={{ maxWidth: 420 }}
            slotProps={{
              input: {
                startAdornment: (
                  <InputAdornment position="start">
                    <SearchIcon aria-hidden />
                  </InputAdornment>
                ),
              },
            }}
          />
          {/* Mounted only while the grid shows: rows kept while a device was open would show, for a moment, a device
              just deleted there. */}
          <DevicesTable search={search} onOpen={open} disableVirtualization={disableVirtualization} />
        </>
      )}

      {registering && (
        <RegisterDeviceDialog
          onClose={() => setRegistering(false)}
          onCreateFirstKey={(device) => {
            setRegistering(false);
            setFirstKeyFor(device);
          }}
        />
      )}
      {firstKeyFor && (
        <NewKeyDialog
          owner={{ type: 'device', id: firstKeyFor.id }}
          ownerLabel={firstKeyFor.label}
          onClose={() => {
            setFirstKeyFor(null);
            // The device's own view shows the new key, and is where its setup goes on.
            setSelectedId(firstKeyFor.id);
          }}
        />
      )}
    </Stack>
  );
}
