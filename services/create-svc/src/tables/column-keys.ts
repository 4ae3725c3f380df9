/**
 * Column keys from labels people wrote: "Population (2020)" → "population_2020". A label with no
 * Latin letters or digits ("Город") becomes "column_<n>"; the label itself is kept for display.
 * Keys are unique within a table ("name", "name_2", …).
 */
export function columnKeysFor(labels: readonly string[]): string[] {
  const taken = new Set<string>();
  return labels.map((label, index) => {
    let base = label
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 56);
    if (!base) base = `column_${index + 1}`;
    else if (!/^[a-z]/.test(base)) base = `c_${base}`;
    let key = base;
    for (let suffix = 2; taken.has(key); suffix++) key = `${base}_${suffix}`;
    taken.add(key);
    return key;
  });
}
