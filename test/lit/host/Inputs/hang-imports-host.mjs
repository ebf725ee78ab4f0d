// imports() awaits a promise that nothing will resolve: Node's event loop
// runs dry before the module is instantiated.
export async function imports() {
  await new Promise(() => {});
}
export async function main() {}
