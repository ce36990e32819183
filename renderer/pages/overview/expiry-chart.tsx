/**
 * Keys expiring per day over the next 90 days, one bar per day with keys (plain SVG: no chart dependency).
 * Days on which many keys expire together are drawn in the error colour: they are the days a site breaks at once.
 * The SVG has a summary as its name; the numbers are also in a visually hidden table for screen readers. Where a
 * bar opens its day's keys, the bars are buttons with one tab stop for the whole chart: the arrow keys move from
 * bar to bar (a roving tab index), Enter or Space opens one.
 */
import { useRef, useState, type KeyboardEvent } from 'react';
import { Box, Typography, useTheme } from '@mui/material';
import { countText, groupedNumber } from '../../../shared/count-text.js';
import { COLLISION_MIN_KEYS, type ExpiryDay } from '../../../shared/inventory-stats.js';
import { DAY_MS } from '../../../shared/time.js';
import { visuallyHidden } from './visually-hidden.js';

export interface ExpiryChartProps {
  readonly groups: readonly ExpiryDay[];
  readonly now: Date;
  readonly days: number;
  /** Opens the inventory on the keys of one day; without it the chart is a picture. */
  readonly onOpenDay?: (day: ExpiryDay) => void;
}

const BAR = 8;
const GAP = 2;
const HEIGHT = 120;

function dayIndex(day: string, start: number): number {
  return Math.round((Date.parse(`${day}T00:00:00.000Z`) - start) / DAY_MS);
}

export function chartSummary(groups: readonly ExpiryDay[], days: number): string {
  if (groups.length === 0) return `No key expires in the next ${days} days.`;
  const total = groups.reduce((sum, g) => sum + g.count, 0);
  const busiest = groups.reduce((a, b) => (b.count > a.count ? b : a));
  return `${countText(total, 'key')} expire in the next ${days} days, on ${countText(groups.length, 'day')}; most on ${busiest.day} (${countText(busiest.count, 'key')}).`;
}

/** Where the arrow keys lead from bar `index` of `count`, or null for another key. */
function nextBar(key: string, index: number, count: number): number | null {
  switch (key) {
    case 'ArrowRight':
    case 'ArrowDown':
      return Math.min(count - 1, index + 1);
    case 'ArrowLeft':
    case 'ArrowUp':
      return Math.max(0, index - 1);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

export function ExpiryChart({ groups, now, days, onOpenDay }: ExpiryChartProps) {
  const theme = useTheme();
  const bars = useRef<(SVGRectElement | null)[]>([]);
  // The bar that holds the chart's one tab stop.
  const [current, setCurrent] = useState(0);
  const tabStop = Math.min(current, groups.length - 1);
  const start = Date.parse(`${now.toISOString().slice(0, 10)}T00:00:00.000Z`);
  const slots = days + 1; // today and the next `days` days
  const width = slots * (BAR + GAP);
  const max = Math.max(COLLISION_MIN_KEYS, ...groups.map((g) => g.count));
  const endDay = new Date(start + days * DAY_MS).toISOString().slice(0, 10);
  const startDay = new Date(start).toISOString().slice(0, 10);

  return (
    <Box>
      <Box
        component="svg"
        role={onOpenDay && groups.length > 0 ? 'group' : 'img'}
        aria-label={chartSummary(groups, days)}
        viewBox={`0 0 ${width} ${HEIGHT}`}
        preserveAspectRatio="none"
        sx={{
          width: '100%',
          height: 140,
          display: 'block',
          '& rect[role="button"]': { cursor: 'pointer' },
          '& rect[role="button"]:hover': { opacity: 0.8 },
          '& rect[role="button"]:focus-visible': { outline: 'none', stroke: theme.palette.text.primary, strokeWidth: 2 },
        }}
      >
        <line x1={0} x2={width} y1={HEIGHT} y2={HEIGHT} stroke={theme.palette.divider} strokeWidth={1} />
        {groups.map((g, index) => {
          const collision = g.count >= COLLISION_MIN_KEYS;
          const h = Math.max(2, (g.count / max) * (HEIGHT - 4));
          const title = `${g.day}: ${countText(g.count, 'key')}${collision ? ' (many keys expire together)' : ''}`;
          const opens = onOpenDay
            ? {
                role: 'button',
                'aria-label': `${title}. Show in the inventory`,
                tabIndex: index === tabStop ? 0 : -1,
                vectorEffect: 'non-scaling-stroke',
                ref: (element: SVGRectElement | null) => {
                  bars.current[index] = element;
                },
                onClick: () => onOpenDay(g),
                onFocus: () => setCurrent(index),
                onKeyDown: (event: KeyboardEvent<SVGRectElement>) => {
                  if (event.key === 'Enter' || event.key === ' ') {
                    event.preventDefault();
                    onOpenDay(g);
                    return;
                  }
                  const next = nextBar(event.key, index, groups.length);
                  if (next === null) return;
                  event.preventDefault();
                  setCurrent(next);
                  bars.current[next]?.focus();
                },
              }
            : {};
          return (
            <rect
              key={g.day}
              data-day={g.day}
              data-collision={collision ? 'true' : undefined}
              x={dayIndex(g.day, start) * (BAR + GAP)}
              y={HEIGHT - h}
              width={BAR}
              height={h}
              fill={collision ? theme.palette.error.main : theme.palette.primary.main}
              {...opens}
            >
              <title>{title}</title>
            </rect>
          );
        })}
      </Box>
      {/* Day labels outside the SVG: its viewBox stretches with the width, and would stretch text too. */}
      <Box sx={{ display: 'flex', justifyContent: 'space-between' }} aria-hidden>
        <Typography variant="caption" color="text.secondary">
          {startDay}
        </Typography>
        <Typography variant="caption" color="text.secondary">
          {endDay}
        </Typography>
      </Box>
      <Typography variant="caption" color="text.secondary">
        Bar height: keys expiring that day (tallest {countText(max, 'key')}). Red: {COLLISION_MIN_KEYS} or more keys on one day.
        {onOpenDay && groups.length > 0 && ' Select a bar to show its keys in the inventory.'}
      </Typography>
      <Box component="table" sx={visuallyHidden}>
        <caption>Keys expiring per day</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">Keys</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr key={g.day}>
              <th scope="row">{g.day}</th>
              <td>
                {groupedNumber(g.count)}
                {g.count >= COLLISION_MIN_KEYS ? ' (many keys expire together)' : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </Box>
    </Box>
  );
}
