/**
 * The packing bench's rule: which container a unit may go into. Pure, for the ledger (which refuses) and the
 * bench screen (which says why in red before anything moves).
 */
import { reason, type Reason } from '../reasons';
import type { Container } from '../records/container';

export interface BenchUnit {
  lpn: string;
  acceptance: string;
  channel?: string | undefined;
  /** The container it is in now, if any. */
  containerId?: string | undefined;
}

/** Why a unit may not go into this container (a route or vendor that differs, a unit held or quarantined, a closed container), or null. */
export function intoContainer(
  unit: BenchUnit,
  container: Pick<Container, 'id' | 'route' | 'vendor' | 'status'>,
  unitVendor: string | undefined,
): Reason | null {
  if (container.status !== 'open') return reason('bench.containerClosed', { container: container.id });
  if (unit.containerId === container.id) return reason('bench.alreadyHere', { lpn: unit.lpn, container: container.id });
  if (unit.acceptance === 'rejected') return reason('bench.rejected', { lpn: unit.lpn });
  if (unit.acceptance !== 'accepted' || !unit.channel) return reason('bench.held', { lpn: unit.lpn });
  if (unit.channel === 'quarantine') return reason('bench.quarantined', { lpn: unit.lpn });
  if (unit.channel !== container.route) return reason('bench.wrongRoute', { lpn: unit.lpn, route: unit.channel, containerRoute: container.route });
  if (container.route === 'return_to_vendor') {
    if (!unitVendor) return reason('bench.vendorUnknown', { lpn: unit.lpn });
    if (unitVendor !== container.vendor) return reason('bench.wrongVendor', { lpn: unit.lpn, vendor: unitVendor, containerVendor: container.vendor ?? '' });
  }
  return null;
}
