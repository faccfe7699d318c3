/**
 * The selected finding: message, patch and compared programs, the hunk, the interleaving as a
 * timeline and the wait-for cycle; in details mode also the model state and the replay command.
 * On a short screen (budget.dense) titles, margins and the patch/scenario lines are left out.
 */
import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import type { Finding } from '../engine/types.js';
import type { PaneBudget } from './budget.js';
import { CycleView } from './CycleView.js';
import { HunkView } from './HunkView.js';
import { CLASSIFICATION_COLOR, locationText } from './items.js';
import { truncate, wrap } from './layout.js';
import { Timeline } from './Timeline.js';

function patchLine(f: Finding): string {
  const p = f.patch;
  const pos = p.index !== undefined && p.total !== undefined ? ` ${p.index}/${p.total}` : '';
  const flags = [p.quoted ? '[quoted from a reply]' : '', p.repaired ? '[whitespace repaired]' : ''].filter(Boolean).join(' ');
  return `patch${pos} v${p.version}: ${p.title}${flags ? ` ${flags}` : ''}`;
}

function Section({ title, dense = false, children }: { title: string; dense?: boolean; children: ReactNode }) {
  return (
    <Box flexDirection="column" marginTop={dense ? 0 : 1}>
      {!dense && <Text underline>{title}</Text>}
      {children}
    </Box>
  );
}

function Extras({ f, width }: { f: Finding; width: number }) {
  return (
    <>
      {f.trace && f.trace.state.length > 0 && (
        <Section title="model state at the failing step">
          {f.trace.state.map((s, i) => (
            <Text key={i}>{truncate(`  ${s}`, width)}</Text>
          ))}
        </Section>
      )}
      {f.trace?.replay && <Text dimColor>{truncate(`reprint the trace: mmreview replay ${f.trace.replay}`, width)}</Text>}
    </>
  );
}

interface Props {
  finding: Finding;
  details: boolean;
  width: number;
  /** Rows for the hunk and the trace (unlimited when not given). */
  budget?: PaneBudget;
  /** Trace lines scrolled up from the end. */
  back?: number;
}

export function FindingDetail({ finding: f, details, width, budget, back = 0 }: Props) {
  const dense = budget?.dense ?? false;
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text color={CLASSIFICATION_COLOR[f.classification]} bold>{`${f.classification} (${f.severity})`}</Text>
        {`  ${locationText(f)}  [${f.ruleId}]`}
      </Text>
      {wrap(f.message, width).map((line, i) => (
        <Text key={`m${i}`}>{line}</Text>
      ))}
      {!dense && <Text dimColor>{truncate(patchLine(f), width)}</Text>}
      {!dense && <Text dimColor>{truncate(`scenario ${f.scenario}: ${f.compared.before} → ${f.compared.after}`, width)}</Text>}
      {f.seriesNote && <Text color="cyan">{truncate(f.seriesNote, width)}</Text>}
      {f.hunk && (
        <Section title="hunk" dense={dense}>
          <HunkView hunk={f.hunk} all={details} width={width} maxRows={budget?.hunk} />
        </Section>
      )}
      {f.trace && f.trace.steps.length > 0 && (
        <Section title={`interleaving (${f.trace.steps.length} steps)`} dense={dense}>
          <Timeline trace={f.trace} width={width} details={details} maxRows={budget?.trace} back={back} />
        </Section>
      )}
      {f.cycle && f.cycle.length > 0 && (
        <Box marginTop={dense ? 0 : 1}>
          <CycleView cycle={f.cycle} width={width} />
        </Box>
      )}
      {details && <Extras f={f} width={width} />}
    </Box>
  );
}
