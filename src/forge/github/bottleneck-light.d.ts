// plugin-throttling's limiter build (no Redis clustering), which ships no types of its own: the same API
// as the full build's.
declare module 'bottleneck/light.js' {
  import Bottleneck from 'bottleneck';
  export default Bottleneck;
}
