//! Emitters: read the final model only, never the pages.

pub(crate) mod generator_shape;
pub(crate) mod openapi;
pub(crate) mod rust;
pub(crate) mod sink;
pub(crate) mod typed_examples;
pub(crate) mod yaml;

use std::io;

/// Runs `a` and `b`, on two threads where there is a second core; both finish, and the first
/// error (of `a`, then of `b`) is the result.
pub(crate) fn beside(a: impl FnOnce() -> io::Result<()> + Send, b: impl FnOnce() -> io::Result<()>) -> io::Result<()> {
    if !std::thread::available_parallelism().is_ok_and(|n| n.get() > 1) {
        return a().and(b());
    }
    std::thread::scope(|scope| {
        let thread = std::thread::Builder::new().stack_size(EMITTER_STACK).spawn_scoped(scope, a)?;
        let b = b();
        let a = thread.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        a.and(b)
    })
}

/// The stack of an emitting thread: the main thread's usual size, since the emitters recurse as
/// deep as the model nests (at most [`crate::nesting::MAX_NESTING`]).
const EMITTER_STACK: usize = 8 << 20;
