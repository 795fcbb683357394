import { withReadySubmit } from '../../src/web/ready-submit';

test('a submit button nested in panels and columns is drawn enabled; the stored schema is left as it is', () => {
  const schema = {
    components: [
      { type: 'panel', components: [{ type: 'columns', columns: [{ components: [{ type: 'button', key: 'submit', disableOnInvalid: true }] }] }] },
      { type: 'textfield', key: 'disableOnInvalid', disableOnInvalid: true },
    ],
  };
  const drawn = withReadySubmit(schema);
  expect(drawn.components[0]!.components![0]!.columns![0]!.components[0]).toEqual({ type: 'button', key: 'submit', disableOnInvalid: false });
  expect(drawn.components[1]).toEqual(schema.components[1]); // only buttons
  expect(schema.components[0]!.components![0]!.columns![0]!.components[0]!.disableOnInvalid).toBe(true);
});
