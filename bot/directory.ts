// Where autocomplete looks things up: PostgreSQL's `actor_state`, the query
// store of DESIGN §5. It holds every actor (not only those on a leaderboard),
// answers a name search in one indexed-by-kind query, costs the actors
// nothing (a query event would add a version and a write per keystroke to
// the one global market actor) and is at most the write-behind interval
// (≤ 1 s) behind — fine for suggestions, since the actor checks the final
// command anyway. Every query is bounded (25 choices, a short timeout).
import type postgres from 'postgres';
import type { Choice } from './types.ts';

export const MAX_CHOICES = 25;

export interface NationEntry {
  readonly address: string;
  readonly name: string;
}

export interface ListingEntry {
  readonly id: string;
  readonly seller: string;
  readonly resource: string;
  readonly quantity: number;
  readonly price: number;
}

export interface ItemEntry {
  readonly id: string;
  readonly label: string;
}

const MARKET = 'market:global';

function choiceName(text: string): string {
  return text.length <= 100 ? text : `${text.slice(0, 99)}…`;
}

export class Directory {
  readonly #sql: postgres.Sql;

  constructor(sql: postgres.Sql) {
    this.#sql = sql;
  }

  /** Registered nations whose name contains `query` (names starting with it first). */
  async nations(query: string, exclude?: string): Promise<NationEntry[]> {
    const needle = query.trim().toLowerCase().slice(0, 64);
    return this.#sql<NationEntry[]>`
      select address, name from (
        select address, state->'snapshot'->'context'->>'name' as name
        from actor_state
        where kind = 'nation' and state->'snapshot'->'context'->>'registered' = 'true'
      ) nations
      where position(${needle} in lower(name)) > 0 and address <> ${exclude ?? ''}
      order by position(${needle} in lower(name)), lower(name)
      limit ${MAX_CHOICES}`;
  }

  /** Display names of these nations (address → name); unknown ones are left out. */
  async names(addresses: readonly string[]): Promise<Map<string, string>> {
    if (addresses.length === 0) return new Map();
    const rows = await this.#sql<NationEntry[]>`
      select address, state->'snapshot'->'context'->>'name' as name from actor_state where address = any(${[...addresses]}::text[])`;
    return new Map(rows.map((row) => [row.address, row.name]));
  }

  /** Alliances `nation` is invited to (to accept) or a member of (to leave). */
  async alliances(nation: string, relation: 'invited' | 'member', query: string): Promise<ItemEntry[]> {
    const field = relation === 'invited' ? 'invited' : 'members';
    const rows = await this.#sql<{ id: string; name: string }[]>`
      select state->'snapshot'->'context'->>'id' as id, state->'snapshot'->'context'->>'name' as name
      from actor_state
      where kind = 'alliance' and (state->'snapshot'->'context'->${field}) ? ${nation}
        and position(${query.trim().toLowerCase()} in lower(state->'snapshot'->'context'->>'name')) > 0
      order by updated_at desc limit ${MAX_CHOICES}`;
    return rows.map((row) => ({ id: row.id, label: row.name }));
  }

  /** Open listings other nations sell, cheapest per unit first. */
  async listings(options: { query: string; exclude?: string; resource?: string; seller?: string }): Promise<ListingEntry[]> {
    const rows = await this.#sql<ListingEntry[]>`
      select l.key as id, l.value->>'seller' as seller, l.value->>'resource' as resource,
             (l.value->>'quantity')::float8 as quantity, (l.value->>'price')::float8 as price
      from actor_state, jsonb_each(state->'snapshot'->'context'->'listings') l
      where address = ${MARKET}
        and (l.value->>'buyer') is null
        and (${options.exclude ?? null}::text is null or l.value->>'seller' <> ${options.exclude ?? null})
        and (${options.seller ?? null}::text is null or l.value->>'seller' = ${options.seller ?? null})
        and (${options.resource ?? null}::text is null or l.value->>'resource' = ${options.resource ?? null})
        and position(${options.query.trim().toLowerCase()} in lower(l.value->>'resource' || ' ' || l.key)) > 0
      order by (l.value->>'price')::float8 / greatest((l.value->>'quantity')::float8, 1), l.key
      limit ${MAX_CHOICES}`;
    return rows;
  }

  /** Trades offered to `nation` (to accept or decline). */
  async tradesFor(nation: string): Promise<ItemEntry[]> {
    const rows = await this.#sql<{ id: string; proposer: string; give: Record<string, number>; want: Record<string, number> }[]>`
      select t.key as id, t.value->>'proposer' as proposer, t.value->'give' as give, t.value->'want' as want
      from actor_state, jsonb_each(state->'snapshot'->'context'->'trades') t
      where address = ${MARKET} and t.value->>'partner' = ${nation} and (t.value->>'collecting') is null
      order by (t.value->>'openedAt')::float8 limit ${MAX_CHOICES}`;
    const names = await this.names(rows.map((row) => row.proposer));
    const amounts = (value: Record<string, number>): string =>
      Object.entries(value).filter(([, amount]) => amount > 0).map(([type, amount]) => `${amount} ${type}`).join(', ') || 'nothing';
    return rows.map((row) => ({ id: row.id, label: `${names.get(row.proposer) ?? row.proposer}: gives ${amounts(row.give)} for ${amounts(row.want)}` }));
  }

  /** Loans (`loans`) or investments (`investments`) held by `nation`. */
  async holdings(nation: string, kind: 'loans' | 'investments'): Promise<ItemEntry[]> {
    const owner = kind === 'loans' ? 'borrower' : 'investor';
    const rows = await this.#sql<{ id: string; amount: number; at: number }[]>`
      select h.key as id, coalesce((h.value->>'principal')::float8, (h.value->>'amount')::float8, 0) as amount,
             coalesce((h.value->>'takenAt')::float8, (h.value->>'investedAt')::float8, 0) as at
      from actor_state, jsonb_each(state->'snapshot'->'context'->${kind}) h
      where address = ${MARKET} and h.value->>${owner} = ${nation}
      order by at limit ${MAX_CHOICES}`;
    return rows.map((row) => ({ id: row.id, label: `${kind === 'loans' ? 'Loan' : 'Investment'} of ${Math.round(row.amount)} (${new Date(row.at).toISOString().slice(0, 10)})` }));
  }
}

export function toChoices(items: readonly { label: string; id: string }[]): Choice[] {
  return items.slice(0, MAX_CHOICES).map((item) => ({ name: choiceName(item.label), value: item.id.slice(0, 100) }));
}
