/**
 * Schema-aware bodies in the UI, through the real brokers: .proto and .avsc files added to a
 * profile, a value encoded in the composer (protobuf, Avro) and sent, then read back in the
 * inspector's Decoded viewer, chosen by its content-type, each field's bytes marked in the hex view;
 * the bytes are byte-exact with what protobufjs and avsc make of the same JSON.
 */
import { expect, test } from '@playwright/test';
import avro from 'avsc';
import protobuf from 'protobufjs';
import { AN_AVRO_ORDER, COMMON_PROTO, LINE_AVSC, ORDER_AVSC, SHOP_PROTO } from '../core/fixtures/codec-schemas';
import { addSchemaFiles, bodyBase64, sendEncoded, showDecoded } from './bodies-scenarios';
import { closeAllConnections, openApp, unique } from './scenarios/app';
import { inspector } from './scenarios/inspector';
import { openMessage } from './scenarios/messages';
import { createProfile } from './scenarios/profiles';
import { subscribe } from './scenarios/subscriptions';
import { ACTIVEMQ, ensureBroker, RABBITMQ, type BrokerName } from './support/brokers';

const ORDER = { id: 'o-7', total_cents: '9007199254740993', items: [{ sku: 'apple', qty: 3 }], attrs: { colour: 7 }, status: 'PAID', email: 'a@b.c', price: { currency: 'EUR', units: '12' } };
const SCHEMA_FILES = [
  { name: 'shop.proto', text: SHOP_PROTO },
  { name: 'common.proto', text: COMMON_PROTO },
  { name: 'line.avsc', text: LINE_AVSC },
  { name: 'order.avsc', text: ORDER_AVSC },
];

/** protobufjs's own bytes for the same JSON: the reference. */
function protobufBytes(json: object): Buffer {
  const root = new protobuf.Root();
  protobuf.parse(COMMON_PROTO, root, { keepCase: true });
  protobuf.parse(SHOP_PROTO, root, { keepCase: true });
  root.addJSON((protobuf.common.get('google/protobuf/timestamp.proto') as { nested: protobuf.INamespace['nested'] }).nested!);
  const Order = root.lookupType('shop.Order');
  return Buffer.from(Order.encode(Order.fromObject(json)).finish());
}

/** avsc's own bytes for the same Avro JSON. */
function avroBytes(json: object): Buffer {
  const registry = {};
  avro.Type.forSchema(JSON.parse(LINE_AVSC), { registry, wrapUnions: true });
  const Order = avro.Type.forSchema(JSON.parse(ORDER_AVSC), { registry, wrapUnions: true });
  return Order.toBuffer(Order.fromString(JSON.stringify(json)));
}

test.afterEach(async ({ page }) => {
  await closeAllConnections(page);
});

for (const [brokerName, spec] of [
  ['rabbitmq', RABBITMQ],
  ['activemq', ACTIVEMQ],
] as [BrokerName, typeof RABBITMQ][]) {
  const profile = { ...spec, name: `${spec.name} (bodies)` };

  test(`protobuf and Avro through ${brokerName}: encoded in the composer, decoded in the viewer, byte-exact with the libraries`, async ({ page }) => {
    ensureBroker(brokerName);
    await openApp(page);
    await createProfile(page, profile, { connect: true });
    await addSchemaFiles(page, profile.name, SCHEMA_FILES);
    await page.screenshot({ path: `.tmp/e2e-bodies-schemas-${brokerName}.png` });
    const queue = `/queue/${unique(`e2e-bodies-${brokerName}`)}`;
    await subscribe(page, queue, 'client-individual');

    // Protobuf: encode in the composer, send, open it: the Decoded viewer is chosen by the content-type.
    await sendEncoded(page, queue, 'protobuf', 'shop.Order', ORDER);
    await expect(page.getByText('1 message', { exact: true })).toBeVisible();
    await openMessage(page, /binary|\d+ B/);
    let tree = await showDecoded(page);
    await expect(inspector(page).getByRole('status').filter({ hasText: /^protobuf · shop\.Order · chosen by its content-type/ })).toBeVisible();
    await expect(tree.getByRole('button', { name: 'total_cents: 9007199254740993' })).toBeVisible();
    await expect(tree.getByRole('button', { name: 'status: PAID' })).toBeVisible();
    // Selecting a field marks its bytes: id is the first field, tag + length + "o-7".
    await tree.getByRole('button', { name: 'id: "o-7"' }).click();
    await expect(inspector(page).getByText('id · bytes 0–4 (5 bytes), value 2–4')).toBeVisible();
    await expect(inspector(page).getByRole('region', { name: 'Body as hex' }).locator('.is-hl')).toHaveCount(10); // 5 hex cells + 5 ASCII cells
    await page.screenshot({ path: `.tmp/e2e-bodies-protobuf-${brokerName}.png` });
    expect(await bodyBase64(page)).toBe(protobufBytes(ORDER).toString('base64'));

    // Avro, single-object encoded: the fingerprint says which schema, the content-type says Avro.
    await sendEncoded(page, queue, 'avro', 'shop.avro.Order', AN_AVRO_ORDER);
    await expect(page.getByText('2 messages', { exact: true })).toBeVisible();
    await openMessage(page, /binary|\d+ B/);
    tree = await showDecoded(page);
    await expect(inspector(page).getByRole('status').filter({ hasText: /^avro · shop\.avro\.Order/ })).toBeVisible();
    await expect(tree.getByRole('button', { name: 'string: "leave at door"' })).toBeVisible();
    await expect(tree.getByRole('button', { name: 'status: PAID' })).toBeVisible();
    await tree.getByRole('button', { name: 'qty: 3' }).click();
    await expect(inspector(page).getByText(/^qty · bytes \d+–\d+ \(1 byte\)$/)).toBeVisible();
    expect(await bodyBase64(page)).toBe(avroBytes(AN_AVRO_ORDER).toString('base64'));
    await page.screenshot({ path: `.tmp/e2e-bodies-avro-${brokerName}.png` });
  });
}

test('a value that does not fit its schema is refused at the field, and the field is selected', async ({ page }) => {
  ensureBroker('rabbitmq');
  await openApp(page);
  const profile = { ...RABBITMQ, name: `${RABBITMQ.name} (bodies)` };
  await createProfile(page, profile, { connect: true });
  await addSchemaFiles(page, profile.name, SCHEMA_FILES);
  const form = page.getByRole('form', { name: 'Composer' });
  await page.getByRole('tablist', { name: 'Dock' }).getByRole('tab', { name: 'Composer', exact: true }).click();
  const encoder = form.getByRole('group', { name: 'Encode with a schema' });
  if ((await encoder.getAttribute('open')) === null) await encoder.getByText('Encode with a schema').click();
  await encoder.getByRole('combobox', { name: 'Encode as' }).selectOption('protobuf');
  await encoder.getByRole('combobox', { name: 'Type to encode' }).selectOption('shop.Order');
  const json = encoder.getByRole('textbox', { name: 'JSON to encode' });
  await json.fill('{\n  "id": "x",\n  "items": [{ "sku": "a", "qty": "three" }],\n  "status": "LOST"\n}');
  const problems = encoder.getByRole('list', { name: 'Problems in the JSON' });
  await expect(problems).toContainText('items[0].qty: expected an integer (uint32), got the string "three"');
  await expect(problems).toContainText('status: "LOST" is not a value of Status (one of NEW, PAID, SHIPPED)');
  await expect(json).toHaveAttribute('aria-invalid', 'true');
  await problems.getByRole('button', { name: 'items[0].qty' }).click();
  const selected = await json.evaluate((el) => {
    const t = el as unknown as { value: string; selectionStart: number; selectionEnd: number };
    return t.value.slice(t.selectionStart, t.selectionEnd);
  });
  expect(selected).toBe('"qty"');
  await page.screenshot({ path: '.tmp/e2e-bodies-field-errors.png' });
});
