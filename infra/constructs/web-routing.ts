// The CloudFront Function in front of the web bucket (viewer request, cloudfront-js-2.0): each app's folder serves its
// index.html, and a path typed into the address bar opens its app (the apps route in the hash) rather than reaching
// the bucket as a missing key.

/** The function's code, as CloudFront runs it (ES5 plus what cloudfront-js-2.0 adds). */
export const WEB_ROUTING_CODE = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri === '/field') {
    return { statusCode: 301, statusDescription: 'Moved Permanently', headers: { location: { value: '/field/' } } };
  }
  if (uri.charAt(uri.length - 1) === '/') {
    request.uri = uri + 'index.html';
    return request;
  }
  var name = uri.substring(uri.lastIndexOf('/') + 1);
  if (name.indexOf('.') === -1) {
    request.uri = uri.indexOf('/field/') === 0 ? '/field/index.html' : '/index.html';
  }
  return request;
}
`;
