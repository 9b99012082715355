import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { type Brand, type BrandStore, brandPatchSchema, newBrandSchema } from '../../server/brands/brand.ts';
import { ConflictError } from '../../server/errors.ts';
import { isUniqueViolation, parseInput } from '../../server/parse-input.ts';

interface Row {
  id: string;
  name: string;
  logo_url: string | null;
  primary_color: string;
  support_url: string | null;
  min_age: number | null;
  default_locale: Brand['defaultLocale'];
  created_at: Date;
}

/** Brand field -> column, for updates. */
const COLUMNS = {
  name: 'name',
  logoUrl: 'logo_url',
  primaryColor: 'primary_color',
  supportUrl: 'support_url',
  minAge: 'min_age',
  defaultLocale: 'default_locale',
} as const;

const nameTaken = () => new ConflictError('name: a brand with this name exists');

const toBrand = (r: Row): Brand => ({
  id: r.id,
  name: r.name,
  logoUrl: r.logo_url,
  primaryColor: r.primary_color,
  supportUrl: r.support_url,
  minAge: r.min_age,
  defaultLocale: r.default_locale,
  createdAt: r.created_at,
});

/** BrandStore on the brands table; ids are `brand_` + 12 hex characters. */
export function createBrandStore(pool: pg.Pool): BrandStore {
  return {
    async create(input) {
      const b = parseInput(newBrandSchema, input);
      try {
        const { rows } = await pool.query<Row>(
          `insert into brands (id, name, logo_url, primary_color, support_url, min_age, default_locale)
           values ($1, $2, $3, $4, $5, $6, $7) returning *`,
          [
            `brand_${randomBytes(6).toString('hex')}`,
            b.name,
            b.logoUrl ?? null,
            b.primaryColor,
            b.supportUrl ?? null,
            b.minAge ?? null,
            b.defaultLocale,
          ],
        );
        return toBrand(rows[0]!);
      } catch (error) {
        if (isUniqueViolation(error)) throw nameTaken();
        throw error;
      }
    },
    async update(id, input) {
      const patch = parseInput(brandPatchSchema, input);
      const changes = (Object.keys(COLUMNS) as (keyof typeof COLUMNS)[]).filter(
        (k) => patch[k] !== undefined,
      );
      if (!/^brand_[0-9a-f]{12}$/.test(id)) return undefined;
      if (changes.length === 0) return this.find(id);
      const sets = changes.map((k, i) => `${COLUMNS[k]} = $${i + 2}`).join(', ');
      try {
        const { rows } = await pool.query<Row>(`update brands set ${sets} where id = $1 returning *`, [
          id,
          ...changes.map((k) => patch[k]),
        ]);
        return rows[0] && toBrand(rows[0]);
      } catch (error) {
        if (isUniqueViolation(error)) throw nameTaken();
        throw error;
      }
    },
    async find(id) {
      if (!/^brand_[0-9a-f]{12}$/.test(id)) return undefined;
      const { rows } = await pool.query<Row>('select * from brands where id = $1', [id]);
      return rows[0] && toBrand(rows[0]);
    },
    async list() {
      const { rows } = await pool.query<Row>('select * from brands order by name');
      return rows.map(toBrand);
    },
  };
}
